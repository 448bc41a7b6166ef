"""The printed compilation (优秀案例汇编): book assembly, typesetting and the PDF build."""
