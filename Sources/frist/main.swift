import FristCLI

await FristCommandLine.main()
