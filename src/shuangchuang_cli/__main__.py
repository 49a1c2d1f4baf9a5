from shuangchuang_cli.cli import main

main()
