"""What the models' fields are made of, written once and read by the forms, the Word
form, print and the admin: the 申报表's private fields (application_form), the notice's
fixed vocabularies (enums), the StreamField blocks (blocks), the facets cases are
filtered by (facets), and how a body's page links render (links_in_text, rich_text).
No model imports: the models import these."""
