#ifndef CDCMTKSHIM_H
#define CDCMTKSHIM_H
#ifdef __cplusplus
extern "C" {
#endif
int dcs_placeholder(void);
#ifdef __cplusplus
}
#endif
#endif
