#ifndef SENDMIS_MIGRATIONS_H
#define SENDMIS_MIGRATIONS_H
struct migration {
	int number;
	const char *name;
	const char *sql;
};
extern const struct migration sqlite_migrations[];
extern const int sqlite_migrations_n;
extern const struct migration postgresql_migrations[];
extern const int postgresql_migrations_n;
#endif
