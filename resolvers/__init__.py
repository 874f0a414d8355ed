"""What each query and mutation does: context in, storage and domain rules, rows out."""
