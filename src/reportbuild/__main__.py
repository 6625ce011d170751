import sys

from reportbuild.cli import main

sys.exit(main())
