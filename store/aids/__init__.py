"""The reading aids: what the tool suggests to a reviewer, never decides for them.

- suggested ratings: `hints` (the public face: `suggest_rating`), read by `signals`
  (with `clauses`, `spans`, `fold`) from the cue lists of `cues`, decided by `decide`,
  trusted as far as `confidence` says, explained by `hint`; declared labels through
  `schemes`; blended with the bundled model (`base_model`, `model_cues`,
  `base_model.json`); learned from the reviewer's own ratings (`hint_learner`);
- quality checks: `checks` (`check_reply`) over the check families (`check_*`), with the
  phrases only they use in `check_cues`;
- measures: `evaluate` (hints against hand ratings) and `learning_curve` (a simulated
  reviewer).

Nothing here imports textual or tui, nor the storage layer except `hint_learner`, which
reads a reviewer's ratings through `cppcc_review.store.db.ReviewStore`, and `learning_curve`.
"""
