// The translation unit that compiles precompiled.h for threadline_pch; it has no code of its own.
