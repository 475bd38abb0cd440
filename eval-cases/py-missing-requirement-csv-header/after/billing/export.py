import csv


def export_invoices(invoices, out):
    writer = csv.writer(out)
    for invoice in invoices:
        writer.writerow([invoice.number, invoice.customer, f"{invoice.total:.2f}"])
