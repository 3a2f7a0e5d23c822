package org.leapfrog.runtime.opencl;

import static org.jocl.CL.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.DeviceInfo;

/**
 * Enumerates OpenCL devices over all platforms, in a stable order (platform order, then device order); the
 * position in that list is the device index users pass as {@code --device}. Never throws: when libOpenCL or
 * an ICD is missing the scan is empty and says why.
 */
public final class OpenClDevices {
    private OpenClDevices() {
    }

    /** The result of a scan: the devices found, or the reason none were. */
    public record Scan(List<DeviceInfo> devices, List<cl_device_id> handles, List<cl_platform_id> platforms,
                       String problem) {
    }

    /** Scans the system for OpenCL devices. */
    public static Scan scan() {
        List<DeviceInfo> infos = new ArrayList<>();
        List<cl_device_id> handles = new ArrayList<>();
        List<cl_platform_id> owners = new ArrayList<>();
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            clGetPlatformIDs(0, null, count);
            if (count[0] == 0) {
                return new Scan(List.of(), List.of(), List.of(), "no OpenCL platform is installed");
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(platforms.length, platforms, null);
            for (cl_platform_id p : platforms) {
                String platformName = platformString(p, CL_PLATFORM_NAME);
                int[] n = new int[1];
                try {
                    clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
                } catch (org.jocl.CLException e) {
                    continue; // a platform with no devices reports CL_DEVICE_NOT_FOUND
                }
                cl_device_id[] ds = new cl_device_id[n[0]];
                clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ds.length, ds, null);
                for (cl_device_id d : ds) {
                    infos.add(describe(infos.size(), platformName, d));
                    handles.add(d);
                    owners.add(p);
                }
            }
            return new Scan(List.copyOf(infos), List.copyOf(handles), List.copyOf(owners),
                    infos.isEmpty() ? "OpenCL platforms were found but no devices" : "");
        } catch (LinkageError e) {
            return new Scan(List.of(), List.of(), List.of(), "the OpenCL library (libOpenCL) could not be loaded: " + e.getMessage());
        } catch (org.jocl.CLException e) {
            return new Scan(List.of(), List.of(), List.of(), "no OpenCL platform (" + e.getMessage() + ")");
        }
    }

    private static DeviceInfo describe(int index, String platform, cl_device_id d) {
        long type = deviceLong(d, CL_DEVICE_TYPE);
        String typeName = (type & CL_DEVICE_TYPE_GPU) != 0 ? "GPU"
                : (type & CL_DEVICE_TYPE_ACCELERATOR) != 0 ? "ACCELERATOR"
                : (type & CL_DEVICE_TYPE_CPU) != 0 ? "CPU" : "OTHER";
        String extensions = deviceString(d, CL_DEVICE_EXTENSIONS);
        boolean fp64 = extensions.contains("cl_khr_fp64") || deviceLong(d, CL_DEVICE_DOUBLE_FP_CONFIG) != 0;
        return new DeviceInfo(BackendKind.OPENCL, index, platform, deviceString(d, CL_DEVICE_NAME).trim(), typeName,
                deviceInt(d, CL_DEVICE_MAX_COMPUTE_UNITS), deviceLong(d, CL_DEVICE_GLOBAL_MEM_SIZE), fp64,
                deviceString(d, CL_DEVICE_VERSION).trim());
    }

    static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    static int deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0];
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(p, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static String cString(byte[] buf) {
        int len = buf.length;
        while (len > 0 && buf[len - 1] == 0) {
            len--;
        }
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }
}
