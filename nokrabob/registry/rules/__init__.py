"""One home per field rule: the national ID, phone, dates, area and responsible unit.

Each module gives a one-value entry point (forms, collection, the registry's services, an import's odd
rows) and a whole-column entry point (an import's blocks of rows), and keeps the fast column code private.
Both entry points of a module give the same answer on the same value, with the same Thai message; the
import's tests (``test_rules_agree.py``, ``test_columnar.py``) prove it on many inputs.
"""
