"""crmkit: the companion package of the CRM workbook.

One module per topic, where its chapter would put it:

- ``crmkit.data``: load the workbook's data sets by name (``load``, ``list_datasets``);
- topic modules, chapter by chapter: ``customer_view``, ``segmentation``, ``clv``, ``survey``,
  ``questionnaire``, ``kano``, ``loyalty``, ``programme``, ``campaign``, ``uplift``, ``psychology``,
  ``callcentre``, ``service``; ``inference`` holds the intervals, tests and power
  calculations they share; every fitted model follows one interface (``crmkit._model``);
- ``crmkit.world``: the data world's public facts (the shop's economics such as
  ``GROSS_MARGIN``, its calendar, ground truth and simulators), for labs;
- ``crmkit.synth``: the seeded generator of the fictional shop's linked tables;
- ``crmkit.exercises``: exercise sets (otter-grader masters): book tags, student release, grading.

Layers import one way: topic modules < ``crmkit.world`` < ``crmkit.synth``; no topic
module imports the generator (``tests/test_api_structure.py`` checks it).

Examples
--------
>>> from crmkit import data
>>> data.load("customers").shape[1] > 5
True
"""

__version__ = "0.1.0"
