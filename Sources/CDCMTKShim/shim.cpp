#include "dcmtk/config/osconfig.h"
#include "CDCMTKShim.h"
extern "C" int dcs_placeholder(void) { return 0; }
