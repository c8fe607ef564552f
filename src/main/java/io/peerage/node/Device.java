package io.peerage.node;

public enum Device {
    DESKTOP,
    LAPTOP,
    MOBILE,
    TABLET,
    SET_TOP,
    TV,
    CONSOLE,
    SERVER
}
