!function(w,t){t=w.Tessera=w.Tessera||{q:[]};"open close toggle send on identify logout".split(" ").forEach(function(m){t[m]=t[m]||function(){t.q.push([m,arguments])}})}(window);
