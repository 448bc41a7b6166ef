"""Rules the page models apply: who may publish what (permissions), what a page form
refuses that needs the parent page (page_forms), and the selections withdrawn after
终审 (withdrawals, registered by publicity/). No model imports: the models import these."""
