from rvr_desktop.cli import main

raise SystemExit(main())
