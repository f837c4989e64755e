import sys

from cppcc_review.tui.cli import main

sys.exit(main())
