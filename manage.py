#!/usr/bin/env python
from hocvuso.__main__ import main

if __name__ == "__main__":
    main()
