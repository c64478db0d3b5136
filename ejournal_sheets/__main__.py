from ejournal_sheets.cli import main

main()
