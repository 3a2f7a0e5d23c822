package org.leapfrog.bench.sample;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.TargetData;

/**
 * Loads {@code --target-class NAME} from {@code --classpath PATHS} (jar files or class directories) and builds
 * it: with its constructor taking {@link TargetData} when there is data, otherwise with its public no-arg
 * constructor (or the TargetData one, given empty data). The loader stays open for the run: the target's
 * classes load lazily.
 */
final class TargetClasses {
    private TargetClasses() {
    }

    /**
     * @param data the data from --data, or null when none was given
     */
    static Target load(String className, String classpath, TargetData data) {
        List<URL> urls = urls(classpath);
        ClassLoader loader = urls.isEmpty() ? TargetClasses.class.getClassLoader()
                : new URLClassLoader(urls.toArray(new URL[0]), TargetClasses.class.getClassLoader());
        String where = classpath == null ? "the classpath (no --classpath given)" : "--classpath " + classpath;
        Class<?> cls;
        try {
            cls = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("--target-class: " + className + " not found on " + where
                    + "; allowed: a fully qualified class name (package.Name) in a jar or class directory given with --classpath");
        } catch (LinkageError e) {
            throw new IllegalArgumentException("--target-class: " + className + " cannot be loaded from " + where + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        if (!Target.class.isAssignableFrom(cls)) {
            throw new IllegalArgumentException("--target-class: " + className + " does not implement "
                    + Target.class.getName() + "; allowed: a class implementing it");
        }
        if (cls.isInterface() || Modifier.isAbstract(cls.getModifiers()) || !Modifier.isPublic(cls.getModifiers())) {
            throw new IllegalArgumentException("--target-class: " + className + " is not a public concrete class; "
                    + "allowed: a public, non-abstract class implementing Target");
        }
        Constructor<?> withData = constructor(cls, TargetData.class);
        Constructor<?> noArg = constructor(cls);
        Constructor<?> chosen;
        Object[] args;
        if (data != null) {
            if (withData == null) {
                throw new IllegalArgumentException("--target-class: " + className + " has no public constructor taking "
                        + "TargetData, so it cannot use --data; allowed: a class with public " + cls.getSimpleName()
                        + "(TargetData data), or no --data");
            }
            chosen = withData;
            args = new Object[] {data};
        } else if (noArg != null) {
            chosen = noArg;
            args = new Object[0];
        } else if (withData != null) {
            chosen = withData;
            args = new Object[] {TargetData.empty()};
        } else {
            throw new IllegalArgumentException("--target-class: " + className + " has no usable constructor; allowed: "
                    + "a public no-arg constructor or a public constructor taking org.leapfrog.samplers.target.TargetData");
        }
        try {
            return (Target) chosen.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            String given = data == null && chosen == withData ? " (given empty data: no --data)" : "";
            throw new IllegalArgumentException("--target-class: the constructor of " + className + given + " threw "
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException("--target-class: cannot construct " + className + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private static Constructor<?> constructor(Class<?> cls, Class<?>... params) {
        try {
            Constructor<?> c = cls.getConstructor(params);
            return Modifier.isPublic(c.getModifiers()) ? c : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static List<URL> urls(String classpath) {
        List<URL> urls = new ArrayList<>();
        if (classpath == null) {
            return urls;
        }
        for (String part : classpath.split(File.pathSeparator)) {
            if (part.isBlank()) {
                continue;
            }
            Path p = Path.of(part);
            if (!Files.isDirectory(p) && !(Files.isRegularFile(p) && part.endsWith(".jar"))) {
                throw new IllegalArgumentException("--classpath: '" + part + "' is " + (Files.exists(p) ? "not a jar file"
                        : "missing") + "; allowed: jar files and class directories separated by '" + File.pathSeparator + "'");
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("--classpath: '" + part + "' is not a valid path (" + e.getMessage() + ")");
            }
        }
        return urls;
    }
}
