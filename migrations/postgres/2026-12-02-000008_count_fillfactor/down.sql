ALTER TABLE statistic_counts RESET (fillfactor);
ALTER TABLE decision_counts RESET (fillfactor);
ALTER TABLE status_counts RESET (fillfactor);
