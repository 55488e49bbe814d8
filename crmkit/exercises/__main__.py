"""Command line of :mod:`crmkit.exercises` (``python -m crmkit.exercises --help``)."""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

from crmkit.exercises import feedback
from crmkit.exercises.editions import ROOT, ReleaseError, grade_folder, masters, normalise, problems, release


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmkit.exercises",
                                     description="Exercise sets: book tags, student edition, autograders, grading.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("tag", help="set the book's cell tags on every master notebook")
    sub.add_parser("check", help="report master notebooks whose tags or checks are off")
    rel = sub.add_parser("release", help="write the student edition and the autograders")
    rel.add_argument("out", nargs="?", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    rel.add_argument("--force", action="store_true", help="replace the output folder if it holds files")
    rel.add_argument("--language", default="en", choices=["en", "zh_CN"],
                     help="zh_CN: the Chinese student edition (text from locale/zh_CN, feedback in Chinese)")
    rel.add_argument("--set", dest="sets", action="append", default=None, metavar="NAME",
                     help="release only this set (a master's file name without .ipynb); repeat for several")
    gra = sub.add_parser("grade", help="grade a folder of submissions into a CSV of scores per question")
    gra.add_argument("submissions", type=Path, help="folder of submitted notebooks or submission zips")
    gra.add_argument("--instructor", type=Path, default=ROOT / "dist" / "instructor",
                     help="the release's instructor/ folder (default: dist/instructor)")
    gra.add_argument("--out", type=Path, default=Path("scores.csv"), help="CSV to write (default: scores.csv)")
    cat = sub.add_parser("catalogue", help="update the feedback's translation catalogue (locale/<language>/feedback.po)")
    cat.add_argument("--language", default="zh_CN", help="the catalogue's language (default: zh_CN)")
    fin = sub.add_parser("fingerprint", help="print the fingerprint of an answer, for a public check")
    fin.add_argument("name", help="the answer's variable name")
    fin.add_argument("value", help="the answer as a Python literal, e.g. 0.4642, 215, 'service', ['a', 'b']")
    fin.add_argument("--digits", type=int, default=feedback.DEFAULT_DIGITS, help="significant digits (floats)")
    args = parser.parse_args(argv)
    try:
        if args.command == "tag":
            for path in masters():
                print(("tagged " if normalise(path) else "unchanged ") + path.name)
        elif args.command == "check":
            found = [problem for path in masters() for problem in problems(path)]
            print("\n".join(found) or "all master notebooks are in order")
            return 1 if found else 0
        elif args.command == "release":
            chosen = None
            if args.sets:
                known = {path.stem: path for path in masters()}
                unknown = [name for name in args.sets if name not in known]
                if unknown:
                    raise ReleaseError(f"unknown set {unknown[0]!r}; sets are: {', '.join(sorted(known))}")
                chosen = [known[name] for name in args.sets]
            print(f"wrote {release(args.out, chosen, force=args.force, language=args.language)}")
        elif args.command == "catalogue":
            from crmkit.exercises.catalogue import update

            print(f"updated {update(args.language)}")
        elif args.command == "grade":
            rows = grade_folder(args.submissions, args.instructor, args.out)
            failed = sum(1 for row in rows if row.get("error"))
            print(f"graded {len(rows) - failed} of {len(rows)} submissions into {args.out}"
                  + (f"; {failed} could not be graded (see the error column)" if failed else ""))
        else:
            try:
                value = ast.literal_eval(args.value)
            except (ValueError, SyntaxError):
                value = args.value
            print(feedback.fingerprint(value, args.name, args.digits))
    except (ReleaseError, FileExistsError, RuntimeError, OSError) as error:
        print(f"error: {str(error).splitlines()[0]}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
