-- %% A column that does not exist
SELECT platform_id, no_such_column FROM gold.platform_monthly;
