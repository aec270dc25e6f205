DROP TABLE decision_counts;
DROP FUNCTION decisions_counted() CASCADE;
DROP FUNCTION application_sectors_counted() CASCADE;
DROP FUNCTION application_figures_counted() CASCADE;
DROP TABLE statistic_counts;
DROP VIEW grains;
DROP VIEW application_figures;
