package dev.scatter.core.template;

/** GNU parallel's path modifiers: {@code .} no extension, {@code /} basename, {@code //} dirname, {@code /.} both. */
final class PathParts {

    private PathParts() {
    }

    static String apply(String value, String modifier) {
        return switch (modifier) {
            case "." -> withoutExtension(value);
            case "/" -> basename(value);
            case "//" -> dirname(value);
            case "/." -> withoutExtension(basename(value));
            default -> value;
        };
    }

    static String basename(String path) {
        String p = stripTrailingSlashes(path);
        int slash = p.lastIndexOf('/');
        return slash < 0 ? p : p.substring(slash + 1);
    }

    static String dirname(String path) {
        String p = stripTrailingSlashes(path);
        int slash = p.lastIndexOf('/');
        if (slash < 0) {
            return ".";
        }
        return slash == 0 ? "/" : p.substring(0, slash);
    }

    /** Removes the last {@code .ext} of the last path component; {@code .bashrc} has no extension. */
    static String withoutExtension(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash + 1 ? path.substring(0, dot) : path;
    }

    private static String stripTrailingSlashes(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
