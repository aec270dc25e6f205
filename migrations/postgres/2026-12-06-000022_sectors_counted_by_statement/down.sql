DROP TRIGGER application_sectors_figures_added ON application_sectors;
DROP FUNCTION application_sectors_added();
CREATE TRIGGER application_sectors_figures_added AFTER INSERT ON application_sectors
    FOR EACH ROW EXECUTE FUNCTION application_sectors_counted();
