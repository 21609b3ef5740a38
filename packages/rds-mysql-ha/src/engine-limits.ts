// Limits of RDS for MySQL that the props' checks use and the package does not export.

/** Retention values CloudWatch Logs accepts, in days. */

/** Enhanced monitoring granularities RDS accepts, in seconds (0, i.e. off, is not offered). */
export const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];

/** The MariaDB audit plugin runs on MySQL 8.0 from 8.0.28 on (and on every 8.4 version). */
export const MIN_AUDIT_PLUGIN_MINOR_80 = 28;

/** Master user names MySQL on RDS reserves. */
export const RESERVED_USERNAMES = ['rdsadmin', 'rdsrepladmin', 'root', 'mysql.sys', 'mysql.session', 'mysql.infoschema'];
