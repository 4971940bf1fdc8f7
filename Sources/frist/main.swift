import FristCLI

FristCommandLine.main()
