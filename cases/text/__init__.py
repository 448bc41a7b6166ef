"""A case's text: typed text read as subheadings and a summary (structure, no Django),
pasted text into body blocks and a saved body back to plain text with the checks'
findings (content), and the check of each new revision (receivers)."""
