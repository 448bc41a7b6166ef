"""Writing to people: every e-mail (notifications), the links they carry (links) and how
people are named (people). No model imports: the models name people through it."""
