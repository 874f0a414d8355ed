"""The rules of the registers, in pure Python.

Imports only the standard library and pure libraries (`holidays`, `phonenumbers`,
`email_validator` with deliverability checks off); nothing of the project and no I/O.
`tests/unit/test_domain_purity.py` enforces this.
"""
