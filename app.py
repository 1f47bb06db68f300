"""Start the browser chat: `python app.py` is `rag serve` (it builds the index from seeds/ if needed)."""

import sys

from rag.cli import main

if __name__ == "__main__":
    main(["serve", *sys.argv[1:]])
