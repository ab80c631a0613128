"""The staff command line (manage_content.py): one module per area, each command a thin layer
over one pipeline call, all on the click group of group.py."""
