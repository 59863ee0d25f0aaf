-- %% Fine
SELECT count(*) AS n FROM gold.platform_monthly;

-- %% Typo in a table name
SELECT * FROM gold.platform_monthy;
