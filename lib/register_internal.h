/*
 * libgoc — what the register (register.c: units, groups, zones) shares
 * with the files above it.  Nothing here is part of the ABI.
 */
#ifndef GOC_REGISTER_INTERNAL_H
#define GOC_REGISTER_INTERNAL_H

#include "internal.h"

/* A unit (the object of access roles' writes too, access.c). */
extern const struct goc__kind goc__kind_unit;

#endif /* GOC_REGISTER_INTERNAL_H */
