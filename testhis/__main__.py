from testhis.server import main

main()
