from shuangchuang_cli.launch import main

main()
