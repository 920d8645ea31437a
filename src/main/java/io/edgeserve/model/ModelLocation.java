package io.edgeserve.model;

import java.nio.file.Path;

/** Where a model was found: its name and the folder (or the folder holding its {@code model.tar.gz}). */
public record ModelLocation(String name, Path path) {}
