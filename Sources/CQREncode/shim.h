#ifndef DIALOGCAFE_CQRENCODE_SHIM_H
#define DIALOGCAFE_CQRENCODE_SHIM_H

#include <qrencode.h>

#endif
