"""Write tests/data/db_schema3/db with the code of main 034a702 (schema 3, before history rows).

Run from a checkout of that release, not from this one:

    git archive 034a702 | tar -x -C /tmp/release3
    cd /tmp/release3 && python /path/to/tests/data/db_schema3/make.py /path/to/tests/data/db_schema3/db

The calls of ../db_schema2/make.py (so `EXPECTED.json` is the same, written by hand from
those calls), with one addition: the second session folds its journal into the shards
(`fold_all`) before its backup, so that the `changes/` shards hold the history documents
as that release wrote them (one object per change), and the backup names them. The last
session is left open (killed), so its changes are only in the journal.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment, Rating, Relevance, Satisfaction
from tests.helpers.replies import make_reply

db = Path(sys.argv[1])
with ReviewStore(db) as s:
    a = s.add_reply(make_reply("沪科提复〔2025〕56号", n=4))[0]
    b = s.add_reply(make_reply("沪教提复〔2025〕12号", n=3, handler="上海市教育委员会"))[0]
    s.set_rating(a, "alice", 1, Rating.ADOPTED, note="第一条已落实")
    s.set_rating(a, "alice", 2, Rating.PARTIALLY_ADOPTED)
    s.set_rating(b, "鲍勃 bob", 1, Rating.EXPLAINED, note="只有说明")
with ReviewStore(db) as s:
    s.set_assessment(a, "alice", Assessment(result=Satisfaction.SATISFIED, relevance=Relevance.TARGETED, opinion="好"))
    s.split_suggestion(b, "鲍勃 bob", 2, s.get_reply(b).suggestions[1].start + 2)  # b now has 4 suggestions
    s.set_rating(b, "鲍勃 bob", 3, Rating.ADOPTED)
    s.merge_suggestion(a, "alice", 3)  # a now has 3: suggestion 3 covers old 3 and 4
    s.set_rating(a, "alice", 3, Rating.EXPLAINED)
    s.undo("alice")
    s.redo("alice")
    s.fold_all()  # the history in changes/ shards, as this release writes them
    s.backup()
s = ReviewStore(db)
s.add_reply(make_reply("沪科提复〔2025〕56号", n=4, variant="(修订)"))  # a's text changes: ratings move over
s.set_note(a, "alice", 2, "修订后再看")
s.set_rating(b, "鲍勃 bob", 4, Rating.PARTIALLY_ADOPTED)
s._jstore.close()  # killed: no compaction, the journal holds this session
s._lock.close_session()
print(a, b)
