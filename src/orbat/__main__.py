from orbat.cli import main

# worker processes (spawn) import this module again: only the parent runs the command line
if __name__ == "__main__":
    main()
