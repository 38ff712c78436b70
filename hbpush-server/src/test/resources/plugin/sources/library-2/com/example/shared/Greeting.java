package com.example.shared;

public final class Greeting {
    private Greeting() {
    }

    public static String text() {
        return "hello from library 2.0";
    }
}
