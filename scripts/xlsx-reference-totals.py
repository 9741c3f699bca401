#!/usr/bin/env python3
"""Independent reference figures for test/unit/server/spend/xlsx-reader.test.ts.

Reads each published workbook with the Python standard library only (zipfile + xml.etree), not with our reader:
sheet names in workbook order (workbook.xml + its rels), per sheet the number of rows holding at least one value
(error cells and empty cells count as no value), and the sum in pence of the amount column over the rows below the
header row (row 1). Each amount is Decimal(repr(float)) rounded to 2 places half away from zero.
Run: python3 scripts/xlsx-reference-totals.py ../shared/data/spend
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from decimal import Decimal, ROUND_HALF_UP

M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
PR = '{http://schemas.openxmlformats.org/package/2006/relationships}'

FILES = {  # file -> amount column letter (from the header row)
    'lancashire-pcc/pcc-2018-19.xlsx': 'C',  # Total Invoice Amount
    'lancashire-pcc/pcc-2024-25.xlsx': 'C',  # TOTAL
    'lancashire-fire-rescue/fire-2024-25.xlsx': 'F',  # Amount
}


def shared_strings(z):
    if 'xl/sharedStrings.xml' not in z.namelist():
        return []
    out = []
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(M + 'si'):
        parts = []
        for el in si:
            if el.tag == M + 't':
                parts.append(el.text or '')
            elif el.tag == M + 'r':
                parts.extend(t.text or '' for t in el.iter(M + 't'))
        out.append(''.join(parts))
    return out


def main(root):
    for rel, amount_col in FILES.items():
        z = zipfile.ZipFile(f'{root}/{rel}')
        ss = shared_strings(z)
        rels = {r.get('Id'): r.get('Target') for r in ET.fromstring(z.read('xl/_rels/workbook.xml.rels')).iter(PR + 'Relationship')}
        wb = ET.fromstring(z.read('xl/workbook.xml'))
        total = Decimal(0)
        amounts = 0
        non_numeric = 0
        rows_all = 0
        print(rel)
        for sheet in wb.iter(M + 'sheet'):
            target = rels[sheet.get(R + 'id')].lstrip('/')
            path = target if target.startswith('xl/') else 'xl/' + target
            rows = 0
            for row in ET.fromstring(z.read(path)).iter(M + 'row'):
                has_value = False
                for c in row.iter(M + 'c'):
                    t = c.get('t', 'n')
                    v = c.find(M + 'v')
                    text = v.text if v is not None else None
                    if t == 'inlineStr':
                        text = ''.join(x.text or '' for x in c.iter(M + 't'))
                    if t == 'e' or text is None or (t == 'n' and text.strip() == ''):
                        continue
                    has_value = True
                    col = re.match(r'[A-Z]+', c.get('r')).group(0)
                    if col == amount_col and int(row.get('r')) > 1:
                        if t in ('n',):
                            d = Decimal(repr(float(text))).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)
                            total += d
                            amounts += 1
                        else:
                            non_numeric += 1
                if has_value:
                    rows += 1
            rows_all += rows
            print(f'  {sheet.get("name")!r}: {rows} rows with a value (incl. header)')
        print(f'  rows {rows_all}, amounts {amounts}, non-numeric amount cells {non_numeric}, total pence {int(total * 100)}')


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '../shared/data/spend')
