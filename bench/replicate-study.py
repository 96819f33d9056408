"""Builds a larger raw study from a generated one: COPIES copies of every input file, each copy a different set of
companies — its Salesforce ids, websites, market domains and company names changed the same way in every file — so
the engine's 10M-account measurement reads five raw inputs as a real market export would have them.

    python3 bench/replicate-study.py bench/data/study-1000000/2026-05 bench/data/study-10000000/2026-05 10

(The generator itself runs out of unique company names near 10M companies: data/generator/names.ts.)
"""
import csv, os, re, sys

source, target, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(target, exist_ok=True)
LETTERS = 'hijklmnopq'  # the 5th character of a Salesforce id, per copy (the sample's is "g")
HOST = re.compile(r'^((?:[a-zA-Z]+://)?(?:www\.)?)([A-Za-z0-9])')


def sf_id(value, k):
    if k == 0 or len(value) < 15 or not value.isalnum():
        return value
    letter = LETTERS[k - 1]
    c = value[4]
    if not c.isalpha():
        return value
    return value[:4] + (letter.upper() if c.isupper() else letter) + value[5:]


def domain(value, k):
    if k == 0 or value.strip() == '':
        return value
    if '@' in value:
        at = value.index('@') + 1
        return value[:at] + f'c{k}' + value[at:]
    return HOST.sub(lambda m: m.group(1) + f'c{k}' + m.group(2), value.strip(), count=1)


def name(value, k):
    return value if k == 0 or value.strip() == '' else f'K{k} {value}'


RULES = {
    'accounts.csv': {'Id': sf_id, 'Website': domain, 'Account Name': name},
    'opportunities.csv': {'Id': sf_id, 'AccountId': sf_id},
    'spend.csv': {'account_id': sf_id},
    'engagement.csv': {'account_id': sf_id},
    'market.csv': {'domain': domain, 'company_name': name},
}

for file, rules in RULES.items():
    with open(os.path.join(source, file), newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    columns = [(header.index(c), rule) for c, rule in rules.items()]
    with open(os.path.join(target, file), 'w', newline='', encoding='utf-8') as out:
        writer = csv.writer(out, lineterminator='\n')
        writer.writerow(header)
        for k in range(copies):
            for row in body:
                changed = list(row)
                for j, rule in columns:
                    if j < len(changed):
                        changed[j] = rule(changed[j], k)
                writer.writerow(changed)
    print(file, len(body) * copies, 'rows', flush=True)
