#ifndef DIALOGCAFE_CJSONC_SHIM_H
#define DIALOGCAFE_CJSONC_SHIM_H

#include <json-c/json.h>

#endif
