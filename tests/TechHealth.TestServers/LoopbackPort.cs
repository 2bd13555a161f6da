using System.Net;
using System.Net.Sockets;

namespace TechHealth.TestServers;

/// <summary>A port free on 127.0.0.1 when asked, for a server a test starts as another process (which binds it itself).</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
