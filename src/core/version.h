/* version.h — sendmis's release, as the SEN2 return's Release and `sendmis --version` show it. */
#ifndef SENDMIS_VERSION_H
#define SENDMIS_VERSION_H
#define SENDMIS_RELEASE "0.6.0"
#endif
