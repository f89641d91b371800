#include "libfuzzer_driver.h"
