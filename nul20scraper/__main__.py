import sys

from nul20scraper.cli import main

sys.exit(main())
