"""Shape: foreground extraction (GrabCut), silhouette, outline, background removal. (being written)"""
