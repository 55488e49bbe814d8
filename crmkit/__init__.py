"""crmkit: the companion package of the CRM workbook.

One module per topic, where its chapter would put it:

- ``crmkit.data``: load the workbook's data sets by name (``load``, ``list_datasets``);
- ``crmkit.synth``: the seeded generator of the fictional shop's linked tables;
- ``crmkit.exercises``: exercise sets (otter-grader masters): book tags, student release, grading;
- topic modules added chapter by chapter: ``segmentation``, ``clv``, ``survey``, ``loyalty``,
  ``campaign``, ``callcentre`` and others.

Examples
--------
>>> from crmkit import data
>>> data.load("customers").shape[1] > 5
True
"""

__version__ = "0.1.0"
