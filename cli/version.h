/* cli/version.h: the version of charte and of its embedded standard library, as --version and the machine outputs name them. */
#ifndef CHARTE_VERSION_H
#define CHARTE_VERSION_H

#define VERSION_CHARTE "0.1.0"

/* The standard library is named by the first 12 hex digits of the SHA-256 of
** the stdlib/ charters: any change to a national floor changes it. */
const char *version_stdlib(void);

#endif
