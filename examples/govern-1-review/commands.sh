# The worked example: AI RMF GOVERN 1 refined into typed rows to AI Verify 2023 processes.
# Run from a checkout's root folder (decide.py and the profile are read from there); each line is one
# command, and tests/test_worked_example.py runs them in this order. The shipped result is
# mappings/nist-ai-rmf-1.0--aiverify-2023-govern-1.yaml: that id is now taken, so yours is my-govern-1.

# 1. Candidates: each GOVERN 1 subcategory against the AI Verify processes the official crosswalk relates to GOVERN 1.
crosswalk suggest --from nist-ai-rmf@1.0 --to aiverify@2023 --leaves --within nist-ai-rmf-1.0--aiverify-2023 --method lexical --top 5 --element 'GOVERN 1.1' --element 'GOVERN 1.2' --element 'GOVERN 1.3' --element 'GOVERN 1.4' --element 'GOVERN 1.5' --element 'GOVERN 1.6' --element 'GOVERN 1.7'
# 2. The review workbook: the same candidates, one line each, to decide in Excel.
crosswalk review --from nist-ai-rmf@1.0 --to aiverify@2023 --leaves --within nist-ai-rmf-1.0--aiverify-2023 --method lexical --top 5 --element 'GOVERN 1.1' --element 'GOVERN 1.2' --element 'GOVERN 1.3' --element 'GOVERN 1.4' --element 'GOVERN 1.5' --element 'GOVERN 1.6' --element 'GOVERN 1.7' --id my-govern-1 -o review.xlsx
# 3. The reviewer's decisions (a person types them in Excel; here a script types the table in decide.py).
python examples/govern-1-review/decide.py review.xlsx
# 4. The accepted lines become a typed (strm) mapping of our judgement, in draft.
crosswalk import review review.xlsx -o my-govern-1.yaml --option date=2026-11-28
crosswalk validate my-govern-1.yaml
# 5. The effect on the example bank's gap report: official rows only, then with the typed rows.
crosswalk coverage --from aiverify@2023 --to nist-ai-rmf@1.0 --profile profiles/example-bank-aiverify-2023.yaml --official-only
crosswalk coverage --from aiverify@2023 --to nist-ai-rmf@1.0 --profile profiles/example-bank-aiverify-2023.yaml
